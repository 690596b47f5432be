"""The consultation demo needs the Alingsås demo organisation: without it, it loads nothing.
(Apart from test_consultation.py, whose module fixture loads Alingsås for all its tests.)"""

import io

from malbild.consultation.models import ConsultationRound
from malbild.demo import consultation as demo


def test_demo_skips_without_alingsas(db):
    out = io.StringIO()
    assert demo.load(stdout=out) is False
    assert not ConsultationRound.objects.exists()
