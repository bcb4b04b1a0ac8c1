"""Constants for the DOCSight integration."""

from typing import Final

DOMAIN: Final = "docsight"
DEFAULT_PORT: Final = 8765
