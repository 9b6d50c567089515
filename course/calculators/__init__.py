"""Pure clinical scores and laboratory formulas (standard library only).

Never imports matplotlib, ipywidgets or IPython. For education only, not for clinical decisions.
Each submodule cites its primary publication and exposes ``REFERENCE``.
"""

from course.calculators.accuracy import (
    likelihood_ratios,
    natural_frequencies,
    post_test_probability,
)
from course.calculators.bilsky import bilsky_grade_description, bilsky_is_high_grade
from course.calculators.calcium import corrected_calcium, hypercalcemia_grade
from course.calculators.mirels import mirels_score
from course.calculators.prognosis import (
    katagiri_primary_group,
    katagiri_score,
    tokuhashi_revised_score,
)
from course.calculators.sins import SPINE_LEVELS, sins_location, sins_score

__all__ = [
    "SPINE_LEVELS",
    "bilsky_grade_description",
    "bilsky_is_high_grade",
    "corrected_calcium",
    "hypercalcemia_grade",
    "katagiri_primary_group",
    "katagiri_score",
    "likelihood_ratios",
    "mirels_score",
    "natural_frequencies",
    "post_test_probability",
    "sins_location",
    "sins_score",
    "tokuhashi_revised_score",
]
