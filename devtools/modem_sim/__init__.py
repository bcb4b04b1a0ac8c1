"""Modem simulators: one aiohttp application per family, speaking the family's protocol."""

from .base import (
    SIMULATORS,
    ModemSimulator,
    RunningSimulator,
    SimState,
    all_simulators,
    register_simulator,
    run_simulator,
)
from .plan import ChannelPlan, DsChannel, UsChannel, default_plan

__all__ = [
    "SIMULATORS",
    "ChannelPlan",
    "DsChannel",
    "ModemSimulator",
    "RunningSimulator",
    "SimState",
    "UsChannel",
    "all_simulators",
    "default_plan",
    "register_simulator",
    "run_simulator",
]
