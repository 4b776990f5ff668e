"""Package data for surveys, focus groups and the benchmark (instruments, matrix, demo day)."""
