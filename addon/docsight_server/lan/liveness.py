"""Which devices a round probes, and which of them showed a sign of life.

A sign of life is an answer to the probe of the device's address (when the neighbour table,
read right after the probes, still gives that address to the device) or a fresh neighbour entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .models import Change, Device, HistoryType, Status
from .neighbours import Neighbour, macs_by_ip
from .probing import Probe


def own_answer(
    device: Device, ip: str, holders: Mapping[str, set[str]], claims: Mapping[str, set[int]]
) -> bool:
    """Return True when an answer from `ip` came from `device`, not from a new holder of ip.

    `holders` is the neighbour table read right after the probe (address -> MACs); without
    an entry there, the answer counts unless another device of the inventory holds the address.
    """
    macs = holders.get(ip)
    if macs is not None:
        return device.mac in macs
    return claims.get(ip, set()) <= {device.id}


def dormant(device: Device, now: int, limit: int | None) -> bool:
    """Return True for a device DOWN longer than `limit` seconds (None: never dormant)."""
    return (
        limit is not None
        and device.status is Status.DOWN
        and now - device.last_status_change > limit
    )


def probe_targets(
    devices: Iterable[Device], neighbours: Sequence[Neighbour], now: int, limit: int | None
) -> list[tuple[int, str]]:
    """Return (device id, address) to probe; a dormant device only when back in the table."""
    present = {entry.mac for entry in neighbours}
    return [
        (device.id, device.ip_addresses[0])
        for device in devices
        if device.ip_addresses and (device.mac in present or not dormant(device, now, limit))
    ]


def signs_of_life(
    devices: Mapping[int, Device], probes: Sequence[Probe], after: Sequence[Neighbour]
) -> tuple[set[int], dict[int, float | None]]:
    """Return the devices alive this round and each probed device's delay (None: lost).

    An answer from an address the table now gives to another MAC is not the device's.
    """
    holders = macs_by_ip(after)
    claims: dict[str, set[int]] = {}
    for holder in devices.values():
        for ip in holder.ip_addresses:
            claims.setdefault(ip, set()).add(holder.id)
    latencies: dict[int, float | None] = {}
    for device_id, ip, value in probes:
        device = devices.get(device_id)
        if device is not None:
            latencies[device_id] = value if own_answer(device, ip, holders, claims) else None
    fresh = {entry.mac for entry in after if entry.fresh}
    alive = {device_id for device_id, value in latencies.items() if value is not None}
    alive |= {device.id for device in devices.values() if device.mac in fresh}
    return alive, latencies


def online_after(devices: Iterable[Device], status: Iterable[Change]) -> set[int]:
    """Return the ONLINE devices once a round's status changes apply."""
    online = {device.id for device in devices if device.status is Status.ONLINE}
    for change in status:
        if change.kind is HistoryType.UP:
            online.add(change.device.id)
        else:
            online.discard(change.device.id)
    return online
