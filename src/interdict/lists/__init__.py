"""Update orchestration, versioned snapshots and diffs between list versions."""
