"""Demo data: seven creator personas and a stream of comments in three languages."""
