"""
Following questions and categories, and telling members what happened: new posts
where they follow, replies to their questions, @mentions of them, and their own posts
published after review. In the site (`inbox`) and by e-mail (`mail`), at once or in a
daily digest, per each member's setting. `follows` keeps who follows what; `mentions`
links "@name" in posts and finds who is mentioned; `tasks` is what the worker runs when
a post becomes visible to everyone (forum.lifecycle queues it).

Dependencies run one way: the rest of the forum imports this package, which imports
only the forum's models, the markup pipeline and accounts.outbox.
"""
