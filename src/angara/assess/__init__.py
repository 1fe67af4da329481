"""Assessment: what a plan gives in money, taxes, jobs, regional structure and city needs."""
