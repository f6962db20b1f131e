"""Colour themes: every meaning has its own colour, readable on the background, and the
high-contrast theme stays distinguishable under simulated colour-vision deficiencies."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from scenes.kit.theme import THEMES

# Machado, Oliveira and Fernandes (2009), severity 1.0, applied to linear RGB.
MACHADO = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
MEANINGS = ("function", "secant", "tangent", "derivative", "positive", "negative")


def linear_rgb(hex_colour: str) -> np.ndarray:
    channels = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def lab(linear: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of a linear-RGB colour."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(linear, 0, 1)
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, simulation: np.ndarray) -> float:
    return float(np.linalg.norm(lab(simulation @ linear_rgb(a)) - lab(simulation @ linear_rgb(b))))


def contrast_ratio(a: str, b: str) -> float:
    def luminance(c: str) -> float:
        return float(np.array([0.2126, 0.7152, 0.0722]) @ linear_rgb(c))
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_each_meaning_has_its_own_colour(name):
    theme = THEMES[name]
    colours = [getattr(theme, meaning) for meaning in MEANINGS]
    assert len(set(colours)) == len(colours)
    for a, b in itertools.combinations(colours, 2):
        assert delta_e(a, b, np.eye(3)) > 20


@pytest.mark.parametrize("name", sorted(THEMES))
def test_text_and_lines_stand_out_from_the_background(name):
    theme = THEMES[name]
    assert contrast_ratio(theme.text, theme.background) >= 7
    for meaning in MEANINGS:
        assert contrast_ratio(getattr(theme, meaning), theme.background) >= 3


@pytest.mark.parametrize("deficiency", sorted(MACHADO))
def test_high_contrast_theme_survives_colour_blindness(deficiency):
    theme = THEMES["high-contrast"]
    simulation = MACHADO[deficiency]
    for a, b in itertools.combinations(MEANINGS, 2):
        distance = delta_e(getattr(theme, a), getattr(theme, b), simulation)
        assert distance > 15, f"{a} and {b} look alike under {deficiency} (dE {distance:.1f})"


def test_the_simulation_really_merges_red_and_green():
    """The check above can fail: plain red and green collapse under deuteranopia."""
    assert delta_e("#D62728", "#2CA02C", MACHADO["deuteranopia"]) < 15 < delta_e("#D62728", "#2CA02C", np.eye(3))
