from .rapport import *  # noqa: F403
