"""Reports analysts open in a browser: one self-contained HTML file, charts embedded as PNG.

`stance report` (scored.py) streams a file `stance score` wrote and counts it
in bounded memory (aggregate.py); `stance evaluate` writes its plots beside an
HTML page of the same kind (html.py).
"""
