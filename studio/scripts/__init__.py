"""Scripts: many lines, many speakers, rendered as one take or as a batch of files (`script`,
`render`). Qt-free; the CLI's `batch` and the app drive the same code."""
