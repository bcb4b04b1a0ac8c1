"""DOCSight add-on server: collectors, storage and the DOCSight REST API."""

__version__ = "0.1.0"
