"""
Following questions and categories, and telling followers of new posts: in the site
(`inbox`) and by e-mail (`mail`), at once or in a daily digest, per each member's
setting. `follows` keeps who follows what; `tasks` is what the worker runs when a post
becomes visible to everyone (forum.lifecycle queues it).

Dependencies run one way: the rest of the forum imports this package, which imports
only the forum's models and forum.paging.
"""
