"""Neighbour-table, interface and vendor parsing on hand-written command output."""

from __future__ import annotations

import ipaddress

from docsight_server.lan.neighbours import (
    Neighbour,
    group_by_mac,
    normalise_mac,
    parse_ip_neigh_json,
    parse_proc_arp,
    parse_proc_route,
)
from docsight_server.lan.sweep import LocalNetwork, parse_ip_addr_json, sweep_targets
from docsight_server.lan.vendor import OUI_VENDORS, is_locally_administered, vendor_for

PROC_ARP = """\
IP address       HW type     Flags       HW address            Mask     Device
192.168.178.1    0x1         0x2         3c:a6:2f:11:22:33     *        eth0
192.168.178.20   0x1         0x2         B8-27-EB-AA-BB-CC     *        eth0
192.168.178.21   0x1         0x0         00:00:00:00:00:00     *        eth0
192.168.178.30   0x1         0x6         dc:a6:32:01:02:03     *        eth0
224.0.0.251      0x1         0x2         01:00:5e:00:00:fb     *        eth0
garbage line
"""

IP_NEIGH = """[
 {"dst":"192.168.1.1","dev":"eth0","lladdr":"3c:a6:2f:11:22:33","router":null,
  "state":["REACHABLE"]},
 {"dst":"192.168.1.50","dev":"eth0","lladdr":"b8:27:eb:aa:bb:cc","state":["STALE"]},
 {"dst":"192.168.1.51","dev":"eth0","state":["FAILED"]},
 {"dst":"192.168.1.52","dev":"eth0","lladdr":"00:11:22:33:44:55","state":["INCOMPLETE"]},
 {"dst":"192.168.1.60","dev":"eth0","lladdr":"b8:27:eb:aa:bb:cc","state":["DELAY"]},
 {"dst":"fe80::1","dev":"eth0","lladdr":"3c:a6:2f:11:22:33","router":null,
  "state":["STALE"]},
 {"dst":"192.168.1.70","dev":"eth0","lladdr":"02:42:ac:11:00:02","state":"PERMANENT"},
 {"dst":"ff02::16","dev":"eth0","lladdr":"33:33:00:00:00:16","state":["NOARP"]}
]"""

IP_ADDR = """[
 {"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"addr_info":[
   {"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host"}]},
 {"ifindex":2,"ifname":"eth0","flags":["BROADCAST","UP"],"addr_info":[
   {"family":"inet","local":"192.168.178.40","prefixlen":24,"scope":"global"},
   {"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link"}]},
 {"ifindex":3,"ifname":"docker0","flags":["UP"],"addr_info":[
   {"family":"inet","local":"172.17.0.1","prefixlen":16,"scope":"global"}]},
 {"ifindex":4,"ifname":"wlan0","flags":["UP"],"addr_info":[
   {"family":"inet","local":"10.1.0.5","prefixlen":16,"scope":"global"},
   {"family":"inet","local":"10.9.9.9","prefixlen":32,"scope":"global"}]}
]"""


def test_proc_arp_keeps_complete_unicast_entries() -> None:
    """Complete entries survive, MACs are normalised, permanent flags are kept."""
    found = parse_proc_arp(PROC_ARP)
    assert [(n.ip, n.mac, n.state) for n in found] == [
        ("192.168.178.1", "3c:a6:2f:11:22:33", "STALE"),
        ("192.168.178.20", "b8:27:eb:aa:bb:cc", "STALE"),
        ("192.168.178.30", "dc:a6:32:01:02:03", "PERMANENT"),
    ]
    assert all(n.device == "eth0" for n in found)


def test_ip_neigh_json_keeps_usable_states() -> None:
    """FAILED/INCOMPLETE/NOARP and lladdr-less entries are dropped; IPv6 is parsed too."""
    found = parse_ip_neigh_json(IP_NEIGH)
    assert [(n.ip, n.state) for n in found] == [
        ("192.168.1.1", "REACHABLE"),
        ("192.168.1.50", "STALE"),
        ("192.168.1.60", "DELAY"),
        ("fe80::1", "STALE"),
        ("192.168.1.70", "PERMANENT"),
    ]
    # DELAY is not fresh: our own probe of a STALE entry puts it there
    assert [n.fresh for n in found] == [True, False, False, False, True]


def test_ip_neigh_json_tolerates_garbage() -> None:
    """Empty, invalid or oddly shaped JSON gives no entries."""
    assert parse_ip_neigh_json("") == []
    assert parse_ip_neigh_json("{not json") == []
    assert parse_ip_neigh_json('{"dst": "1.2.3.4"}') == []
    assert parse_ip_neigh_json('[1, "x", {"dst": "bad", "lladdr": "3c:a6:2f:11:22:33"}]') == []


def test_group_by_mac_prefers_fresh_ipv4_entries() -> None:
    """A MAC with a fresh entry loses its stale ones; IPv6 entries are not grouped."""
    groups = group_by_mac(parse_ip_neigh_json(IP_NEIGH))
    assert {mac: [n.ip for n in entries] for mac, entries in groups.items()} == {
        "3c:a6:2f:11:22:33": ["192.168.1.1"],
        "b8:27:eb:aa:bb:cc": ["192.168.1.50", "192.168.1.60"],  # STALE and DELAY: none fresh
        "02:42:ac:11:00:02": ["192.168.1.70"],
    }
    table = [
        Neighbour("192.168.1.50", "b8:27:eb:aa:bb:cc", "eth0", "STALE"),
        Neighbour("192.168.1.61", "b8:27:eb:aa:bb:cc", "eth0", "REACHABLE"),
    ]
    assert [n.ip for n in group_by_mac(table)["b8:27:eb:aa:bb:cc"]] == ["192.168.1.61"]


def test_normalise_mac() -> None:
    """Dashes and case are normalised; multicast, zero and malformed MACs are refused."""
    assert normalise_mac("AA-BB-CC-00-11-22") == "aa:bb:cc:00:11:22"
    assert normalise_mac("A8-BB-CC-00-11-22") == "a8:bb:cc:00:11:22"
    assert normalise_mac("01:00:5e:00:00:fb") is None
    assert normalise_mac("ff:ff:ff:ff:ff:ff") is None
    assert normalise_mac("00:00:00:00:00:00") is None
    assert normalise_mac("00:11:22:33:44") is None
    assert normalise_mac("00:11:22:33:44:zz") is None


def test_vendor_lookup() -> None:
    """Known prefixes map to vendors; locally administered MACs have none."""
    assert vendor_for("b8:27:eb:12:34:56") == "Raspberry Pi"
    assert vendor_for("3C-A6-2F-00-00-01") == "AVM"
    assert vendor_for("00:50:56:aa:bb:cc") == "VMware"
    assert vendor_for("a8:bb:cc:00:11:22") is None
    assert is_locally_administered("02:42:ac:11:00:02")
    assert vendor_for("02:42:ac:11:00:02") is None
    assert len(OUI_VENDORS) >= 60
    assert all(len(prefix) == 6 and int(prefix, 16) >= 0 for prefix in OUI_VENDORS)


def test_ip_addr_json_lists_global_ipv4_networks() -> None:
    """Loopback, link-local, IPv6 and skipped interfaces do not count."""
    found = parse_ip_addr_json(IP_ADDR, skip_prefixes=("docker",))
    assert [(n.interface, str(n.address), str(n.network)) for n in found] == [
        ("eth0", "192.168.178.40", "192.168.178.0/24"),
        ("wlan0", "10.1.0.5", "10.1.0.0/16"),
        ("wlan0", "10.9.9.9", "10.9.9.9/32"),
    ]
    assert parse_ip_addr_json("nope") == []


def test_sweep_targets_stay_inside_small_local_networks() -> None:
    """A /24 gives its 253 other hosts; /16 and /32 networks are not swept."""
    targets = sweep_targets(parse_ip_addr_json(IP_ADDR, skip_prefixes=("docker",)))
    assert len(targets) == 253
    assert "192.168.178.40" not in targets
    assert targets[0] == "192.168.178.1"
    assert targets[-1] == "192.168.178.254"
    lan = ipaddress.ip_network("192.168.178.0/24")
    assert all(ipaddress.ip_address(t) in lan for t in targets)
    small = LocalNetwork(
        "x", ipaddress.IPv4Address("10.0.0.1"), ipaddress.IPv4Network("10.0.0.0/30")
    )
    assert sweep_targets([small, small]) == ["10.0.0.2"]


PROC_ROUTE = """\
Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t01B2A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth0\t00B2A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
wg0\t0000000A\t0100000A\t0003\t0\t0\t0\t000000FF\t0\t0\t0
eth1\t00000000\t0101A8C0\t0002\t0\t0\t200\t00000000\t0\t0\t0
bad\tline
"""


def test_default_gateways_from_proc_route() -> None:
    """Only up default routes through a gateway count; addresses are little-endian hex."""
    assert parse_proc_route(PROC_ROUTE) == {"192.168.178.1"}
    assert parse_proc_route("") == set()
