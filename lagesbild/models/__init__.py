"""Models of the follow-up app, one module per part; each module lists its names in __all__."""

from .atgardsplan import *  # noqa: F403
from .bedomning import *  # noqa: F403
from .est import *  # noqa: F403
from .est_publicering import *  # noqa: F403
from .indikatorer import *  # noqa: F403
from .lagesbild import *  # noqa: F403
from .medborgarloften import *  # noqa: F403
from .omradesvarden import *  # noqa: F403
from .problem import *  # noqa: F403
from .rapport import *  # noqa: F403
from .stallning import *  # noqa: F403
from .tips import *  # noqa: F403
from .underlag import *  # noqa: F403
from .utskick import *  # noqa: F403
