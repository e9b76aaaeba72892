"""The job runner: durable jobs with leases, heartbeats and retries, and the mail outbox."""
