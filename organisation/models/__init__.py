"""The governance of Säker och trygg kommun: the bodies, the forums and who sits in them.

One module per part; each lists its names in __all__.
"""

from .forum import *  # noqa: F403
from .konto import *  # noqa: F403
from .mote import *  # noqa: F403
from .oidc import *  # noqa: F403
from .organ import *  # noqa: F403
from .rensning import *  # noqa: F403
from .samordning import *  # noqa: F403
