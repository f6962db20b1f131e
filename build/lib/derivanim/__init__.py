"""derivanim: the pure math and lesson model behind the derivative explainer videos."""
