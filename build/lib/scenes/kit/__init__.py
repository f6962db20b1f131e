"""The scenes' shared kit: themes, layouts per aspect, typography and reusable widgets."""
