from __future__ import annotations
from flask import Blueprint
bp = Blueprint("ld", __name__)
