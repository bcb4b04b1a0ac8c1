"""Configuration: defaults, layers, validation and secrets at rest."""

from .defaults import DEFAULTS, INTERNAL_KEYS, MASK, SECRET_KEYS
from .layers import Settings, Source, environment_layer, options_layer
from .secretbox import SecretBox
from .validation import ConfigValidationError, validate_changes

__all__ = [
    "DEFAULTS",
    "INTERNAL_KEYS",
    "MASK",
    "SECRET_KEYS",
    "ConfigValidationError",
    "SecretBox",
    "Settings",
    "Source",
    "environment_layer",
    "options_layer",
    "validate_changes",
]
