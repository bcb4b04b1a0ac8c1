"""The connection monitor's SQL, split by concern; `ConnMonStore` holds one of each part."""

from .rows import Sample
from .store import ConnMonStore

__all__ = ["ConnMonStore", "Sample"]
