"""The live classroom: ``kefu serve`` (the server: :class:`Classroom` under a Starlette app)
and ``kefu join`` (the student's client). Starlette, uvicorn and httpx are imported only here,
never by ``kefu --help``."""
