"""Judging answers against the reference: ``scoring`` (the one scorer), ``grading`` (a class,
``parse_answers`` + ``score`` in a loop), ``roster`` (hub names to LMS identities), ``agreement``
(the class statistics the charts draw), ``exercises`` (checking exercise answers) and ``synthetic``
(made-up classes for tests and benchmarks)."""
