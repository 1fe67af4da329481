"""Public benchmark families with known optima, expressed as Angara scenarios.

OR-Library capacitated facility location (Beasley) and FCNetLib fixed-charge network
flow (Ortega & Wolsey) instances are read from their published formats and turned into
ordinary scenarios, so the optimizer is checked on the same code path as a real plan.
"""
