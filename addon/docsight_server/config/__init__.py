"""Configuration: the settings features declare, layers, validation, confined paths, secrets."""

from .layers import Settings, Source, environment_layer, options_layer
from .paths import PathError, allowed_roots, confine_paths
from .schema import INTERNAL_KEYS, MASK, Setting, SettingsSchema
from .secretbox import SecretBox
from .validation import ConfigValidationError, validate_changes

__all__ = [
    "INTERNAL_KEYS",
    "MASK",
    "ConfigValidationError",
    "PathError",
    "SecretBox",
    "Setting",
    "Settings",
    "SettingsSchema",
    "Source",
    "allowed_roots",
    "confine_paths",
    "environment_layer",
    "options_layer",
    "validate_changes",
]
