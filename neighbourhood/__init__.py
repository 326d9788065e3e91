"""The Neighbourhood Policing Guarantee: the neighbourhood workforce against its 31 March 2025
baseline and the national trajectory, and each force's register of its anti-social behaviour
lead and action plans."""
