"""Risk: price and cost uncertainty, Monte Carlo of a plan, sensitivity, plan ensembles."""
