"""Importers: parse other formats into ImportedArticle, then `loader.load_article` stores them."""
