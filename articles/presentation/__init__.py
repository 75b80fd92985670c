"""What reader pages and the API show, built from objects the models have loaded.

Nothing here imports a model of this app: it is handed stories, sections,
bylines and settings, and lays them out (story context, listings and their
pages, structured data, share links, API fields).
"""
