"""Reading articles: files, folders, JSONL, HTML and stdin -> :class:`kg.model.Article`.

    articles.py   paths, folders, encodings, Markdown, JSONL records -> Article | Skipped
    html.py       HTML pages -> the article text (boilerplate removed)
"""
