"""The core's route handlers and the route table machinery (routing, OpenAPI)."""
