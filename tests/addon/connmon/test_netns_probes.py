"""Probes against emulated paths in network namespaces this test creates: delay, loss, routing.

Delay comes from a userspace echo responder (no netem in this kernel), loss from nftables rules,
multiple hops from a forwarding middle namespace. Nothing outside these namespaces is touched.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import statistics
from collections.abc import Iterator

import pytest
import pytest_socket

from docsight_server.connmon.engine import ProbeEngine, ProbeTarget
from docsight_server.connmon.probe import (
    Capability,
    ProbeMethod,
    ProbeResult,
    decide_capability,
    gather_facts,
    probe,
)
from docsight_server.connmon.trace import TraceResult, TraceUnavailableError, traceroute

from . import netns
from .netns import Namespace, NetnsError, NsPair, RoutedPath

# The timeout only bounds a hang (a probe that never reports); nothing asserts on time.
pytestmark = [pytest.mark.usefixtures("socket_enabled"), pytest.mark.timeout(180)]

RAW = Capability(ProbeMethod.ICMP, True, None, None)
DGRAM = Capability(ProbeMethod.ICMP, False, None, None)
TCP = Capability(ProbeMethod.TCP, False, None, None)
WIDE_RANGE = "0 2147483647"


@pytest.fixture
def pair() -> Iterator[NsPair]:
    """A client and a server namespace on 10.213.1.0/24; TCP connects to it are allowed."""
    with netns.netns_pair("10.213.1") as created:
        # pytest-socket only lets connect() reach 127.0.0.1; add this test's own addresses.
        pytest_socket.socket_allow_hosts(
            ["127.0.0.1", "::1", created.server_ip, "10.213.1.99", "10.214.0.1"]
        )
        yield created


@pytest.fixture
def path() -> Iterator[RoutedPath]:
    """client - router - server."""
    with netns.routed_path() as created:
        yield created


async def engine_results(
    capability: Capability,
    host: str,
    count: int,
    *,
    interval: float = 0.01,
    wait_s: float = 0.5,
    tcp_port: int = 443,
    unbiased: bool = False,
) -> list[ProbeResult]:
    """Run one engine target; return `count` results, the earliest sent when `unbiased`.

    Results arrive in order of completion: an answer within milliseconds, a timeout wait_s
    later. The first `count` to arrive over-represent answers, so a loss count needs
    `unbiased`: the run goes on for three more timeout windows and keeps the earliest sent.
    """
    results: list[ProbeResult] = []
    enough = count + (3 * max(1, round(wait_s / interval)) if unbiased else 0)
    done = asyncio.Event()

    def sink(_target_id: int, result: ProbeResult) -> None:
        results.append(result)
        if len(results) >= enough:
            done.set()

    engine = ProbeEngine(sink, capability, timeout=wait_s)
    engine.set_targets([ProbeTarget(1, host, interval, tcp_port)])
    await engine.start()
    try:
        await done.wait()
    finally:
        await engine.stop()
    return sorted(results, key=lambda result: result.ts)[:count]


def in_ns(ns: Namespace, coro_factory: object, *, unprivileged: bool = False) -> object:
    """Shorthand for running an async callable in a namespace thread."""
    return ns.run_async(coro_factory, unprivileged=unprivileged)  # type: ignore[arg-type]


def latencies(results: list[ProbeResult]) -> list[float]:
    """Latencies of the answered probes."""
    return [r.latency_ms for r in results if r.latency_ms is not None]


# --- delay and loss -----------------------------------------------------------------------------


def test_delay_is_measured(pair: NsPair) -> None:
    """40 ms imposed by the responder: engine and single probes see a median of at least 40 ms.

    The floor is what the path imposes. Above it only a busy machine's scheduling adds, so
    the ceiling is the probe timeout (500 ms): a measured delay, not a timeout taken as one.
    """
    with netns.delayed_responder(pair.server, 0.040):
        results = pair.client.run_async(lambda: engine_results(RAW, pair.server_ip, 30))
        singles = pair.client.run_async(
            lambda: asyncio.gather(*(probe(pair.server_ip, RAW) for _ in range(5)))
        )
    assert not any(r.timeout for r in results)
    median = statistics.median(latencies(results))
    assert 40.0 <= median < 500.0, f"engine median {median} ms"
    single_median = statistics.median(latencies(list(singles)))
    assert 40.0 <= single_median < 500.0, f"single-probe median {single_median} ms"


def test_loss_from_nftables_is_measured(pair: NsPair) -> None:
    """20 % of echo requests dropped: losses over 200 probes stay within statistical bounds.

    Losses are Binomial(200, 0.2): mean 40, standard deviation sqrt(200 * 0.2 * 0.8) = 5.66.
    Accepting [16, 64] is mean +- 4.2 sd, so a correct engine fails this about 3 in 100,000 runs.
    """
    with netns.packet_loss(pair.server, one_in=5):
        results = pair.client.run_async(
            lambda: engine_results(RAW, pair.server_ip, 200, unbiased=True)
        )
    lost = sum(r.timeout for r in results)
    assert 16 <= lost <= 64, f"{lost} of 200 lost"
    assert all((r.latency_ms is None) == r.timeout for r in results)


def test_delay_and_loss_together(pair: NsPair) -> None:
    """The responder delays 20 ms and drops 20 %: both show (bounds as in the loss test)."""
    with netns.delayed_responder(pair.server, 0.020, drop_fraction=0.2):
        results = pair.client.run_async(
            lambda: engine_results(RAW, pair.server_ip, 200, unbiased=True)
        )
    lost = sum(r.timeout for r in results)
    median = statistics.median(latencies(results))
    assert 16 <= lost <= 64, f"{lost} of 200 lost"
    assert 20.0 <= median <= 40.0, f"median {median} ms"


def test_unreachable_address_times_out(pair: NsPair) -> None:
    """Nobody has 10.213.1.99: every ICMP and TCP probe is a timeout."""
    host = "10.213.1.99"
    icmp = pair.client.run_async(lambda: engine_results(RAW, host, 5, wait_s=0.3))
    tcp = pair.client.run_async(lambda: engine_results(TCP, host, 3, wait_s=0.3))
    single = pair.client.run_async(lambda: probe(host, RAW, timeout=0.3))
    for result in [*icmp, *tcp, single]:
        assert (result.latency_ms, result.timeout) == (None, True)


def test_no_route_is_unanswered(pair: NsPair) -> None:
    """The client namespace has no default route: sends fail at once and count as timeouts."""
    host = "10.214.0.1"
    icmp = pair.client.run_async(lambda: engine_results(RAW, host, 3, wait_s=0.3))
    tcp = pair.client.run_async(lambda: engine_results(TCP, host, 3, wait_s=0.3))
    single = pair.client.run_async(lambda: probe(host, RAW, timeout=0.3))
    for result in [*icmp, *tcp, single]:
        assert (result.latency_ms, result.timeout) == (None, True)


def test_ipv6_loopback_in_a_namespace(pair: NsPair) -> None:
    """ICMPv6 through the shared engine socket and a single probe both answer on ::1."""
    results = pair.client.run_async(lambda: engine_results(RAW, "::1", 5))
    single = pair.client.run_async(lambda: probe("::1", RAW))
    assert not any(r.timeout for r in [*results, single])


# --- TCP fallback -------------------------------------------------------------------------------


def test_tcp_probe_to_listener_and_closed_port(pair: NsPair) -> None:
    """A listener in the server namespace answers; a closed port answers too (RST)."""
    with netns.tcp_listener(pair.server, pair.server_ip, 8443):
        open_results = pair.client.run_async(
            lambda: engine_results(TCP, pair.server_ip, 10, tcp_port=8443)
        )
        single = pair.client.run_async(lambda: probe(pair.server_ip, TCP, tcp_port=8443))
    closed = pair.client.run_async(lambda: engine_results(TCP, pair.server_ip, 10, tcp_port=8444))
    for result in [*open_results, single, *closed]:
        assert not result.timeout
        assert result.method is ProbeMethod.TCP
        assert result.latency_ms is not None


def test_tcp_to_a_filtered_port_times_out(pair: NsPair) -> None:
    """A port whose SYNs are silently dropped gives timeouts, not answers."""
    with netns.nft_table(pair.server, "input", "tcp dport 8445 drop"):
        results = pair.client.run_async(
            lambda: engine_results(TCP, pair.server_ip, 3, tcp_port=8445, wait_s=0.3)
        )
    assert all(r.timeout for r in results)


# --- non-root paths -----------------------------------------------------------------------------


def test_unprivileged_user_gets_datagram_icmp(pair: NsPair) -> None:
    """As an ordinary user with a wide ping_group_range, detection picks datagram ICMP and it
    measures the imposed delay."""
    pair.client.sysctl("net.ipv4.ping_group_range", WIDE_RANGE)
    cap = pair.client.call(lambda: decide_capability("auto", gather_facts()), unprivileged=True)
    assert (cap.method, cap.privileged) == (ProbeMethod.ICMP, False)
    with netns.delayed_responder(pair.server, 0.040):
        results = pair.client.run_async(
            lambda: engine_results(cap, pair.server_ip, 20), unprivileged=True
        )
        single = pair.client.run_async(lambda: probe(pair.server_ip, cap), unprivileged=True)
    assert not any(r.timeout for r in [*results, single])
    assert 40.0 <= statistics.median(latencies(results)) <= 60.0


def test_locked_down_user_falls_back_to_tcp(pair: NsPair) -> None:
    """No raw socket and ping_group_range '1 0': TCP with a hint, and TCP probes work."""
    pair.client.sysctl("net.ipv4.ping_group_range", "1 0")
    facts = pair.client.call(gather_facts, unprivileged=True)
    assert facts.euid != 0
    assert not facts.raw_socket_ok
    cap = decide_capability("auto", facts)
    assert cap.method is ProbeMethod.TCP
    assert cap.hint is not None
    assert "NET_RAW" in cap.hint
    with netns.tcp_listener(pair.server, pair.server_ip, 8443):
        results = pair.client.run_async(
            lambda: engine_results(cap, pair.server_ip, 5, tcp_port=8443), unprivileged=True
        )
    assert not any(r.timeout for r in results)


def test_forced_icmp_that_cannot_work_reports_timeouts(pair: NsPair) -> None:
    """Forced ICMP without permission says why, and its probes come back unanswered."""
    pair.client.sysctl("net.ipv4.ping_group_range", "1 0")
    cap = pair.client.call(lambda: decide_capability("icmp", gather_facts()), unprivileged=True)
    assert cap.method is ProbeMethod.ICMP
    assert cap.reason is not None
    assert "not possible" in cap.reason
    results = pair.client.run_async(
        lambda: engine_results(cap, pair.server_ip, 3), unprivileged=True
    )
    single = pair.client.run_async(lambda: probe(pair.server_ip, cap), unprivileged=True)
    assert all(r.timeout for r in [*results, single])


# --- traceroute ---------------------------------------------------------------------------------


def test_traceroute_two_hops(path: RoutedPath) -> None:
    """Through the router: hop 1 is the router, hop 2 the target, reached."""
    result: TraceResult = path.client.run_async(
        lambda: traceroute(path.server_ip, RAW, max_hops=5, hop_timeout=1.0)
    )
    assert result.reached
    assert [hop.ip for hop in result.hops] == [path.router_client_ip, path.server_ip]
    assert [hop.index for hop in result.hops] == [1, 2]
    assert all(hop.probes_responded == 3 and hop.latency_ms is not None for hop in result.hops)
    joined = f"{path.router_client_ip}|{path.server_ip}".encode()
    assert result.fingerprint == hashlib.sha256(joined).hexdigest()


def test_traceroute_to_unreachable_target(path: RoutedPath) -> None:
    """Beyond the router everything is dropped: silent hops up to max_hops, not reached."""
    target = "10.213.2.99"
    with netns.nft_table(path.router, "forward", f"ip daddr {target} drop"):
        result: TraceResult = path.client.run_async(
            lambda: traceroute(target, RAW, max_hops=3, hop_timeout=0.3)
        )
    assert not result.reached
    assert [hop.ip for hop in result.hops] == [path.router_client_ip, None, None]
    assert all(hop.latency_ms is None and hop.probes_responded == 0 for hop in result.hops[1:])
    joined = f"{path.router_client_ip}|*|*".encode()
    assert result.fingerprint == hashlib.sha256(joined).hexdigest()


def test_traceroute_without_a_route_ends_unreached(pair: NsPair) -> None:
    """The client namespace has no default route: one silent hop, not reached, no error."""
    result: TraceResult = pair.client.run_async(
        lambda: traceroute("10.214.0.1", RAW, max_hops=5, hop_timeout=0.3)
    )
    assert not result.reached
    assert [(hop.index, hop.ip, hop.probes_responded) for hop in result.hops] == [(1, None, 0)]


def test_traceroute_needs_raw_sockets(path: RoutedPath) -> None:
    """An ordinary user cannot trace: a clear TraceUnavailableError."""
    with pytest.raises(TraceUnavailableError, match="raw ICMP socket"):
        path.client.run_async(
            lambda: traceroute(path.server_ip, TCP, max_hops=2, hop_timeout=0.3),
            unprivileged=True,
        )


# --- the harness itself -------------------------------------------------------------------------


def test_namespaces_are_removed_on_exit() -> None:
    """Every namespace the harness made is gone after its block, even after an error."""
    names: list[str] = []

    def fail_inside() -> None:
        with netns.netns_pair("10.213.7") as made:
            names.extend([made.client.name, made.server.name])
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fail_inside()
    listed = netns.run("ip", "netns", "list")
    assert names
    assert not any(name in listed for name in names)


def test_missing_tools_fail_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ip or nft the harness fails (never skips) and says what to install."""
    monkeypatch.setattr(shutil, "which", lambda tool: None if tool == "nft" else "/usr/bin/ip")
    with pytest.raises(NetnsError, match="nftables"):
        netns.require_tools()
