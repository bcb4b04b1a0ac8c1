"""What leaves the server besides HTTP answers: the push stream, metrics, exports."""
