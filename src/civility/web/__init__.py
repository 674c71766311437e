"""The web layer: reader pages, the moderator dashboard and the JSON API. The only fastapi user."""
