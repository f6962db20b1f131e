# derivanim: the two commands a newcomer needs are `make lessons` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup lessons test check bench clean

setup:  ## install Debian packages (when missing) and the project with its dev, voice and cluster extras into .venv
	@bash scripts/setup.sh

lessons: setup  ## render the default course into out/
	$(PY) render.py

test: setup  ## run the whole test suite (unit, doctests, scenes, end to end) on both cores
	$(PY) -m pytest -rs -n 2 --dist loadgroup

check: setup  ## validate config/course.toml and print every lesson's facts
	$(PY) render.py --check

bench: setup  ## time renders against the targets; prints and writes bench/results.md (see bench/README.md)
	$(PY) bench/run.py

clean:
	rm -rf out media .pytest_cache
