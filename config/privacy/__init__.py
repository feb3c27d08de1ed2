"""
Members' rights over their data across the whole site: the export of everything that
is theirs (`export`) and the deletion of their account (`deletion`), each calling
every app's own part; the pages for both (`views`) and the worker's tasks (`tasks`).
"""
