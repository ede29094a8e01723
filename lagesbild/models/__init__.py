from .lagesbild import *  # noqa: F403
