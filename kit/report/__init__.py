"""Pages for people, each one self-contained HTML rendered from an autoescaped template: the class
debrief (``class_report``) and the feedback handed back to each learner (``feedback``)."""
