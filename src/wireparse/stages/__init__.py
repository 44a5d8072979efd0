"""The text pipeline, one rule per module: decode → repair → envelope → segment → classify →
assemble. Each stage is a plain function, testable alone."""
