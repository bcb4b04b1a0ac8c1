"""Configuration: the settings schema features declare, layers, validation, secrets at rest."""

from .layers import Settings, Source, environment_layer, options_layer
from .schema import INTERNAL_KEYS, MASK, Setting, SettingsSchema
from .secretbox import SecretBox
from .validation import ConfigValidationError, validate_changes

__all__ = [
    "INTERNAL_KEYS",
    "MASK",
    "ConfigValidationError",
    "SecretBox",
    "Setting",
    "Settings",
    "SettingsSchema",
    "Source",
    "environment_layer",
    "options_layer",
    "validate_changes",
]
