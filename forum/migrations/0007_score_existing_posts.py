from django.db import migrations

BATCH = 500


def score_posts(apps, schema_editor):
    """Judge the posts written before risk was scored, so that the moderation queue
    orders them too: an opening post with its question's title."""
    from forum.risk import risk_fields

    Post = apps.get_model("forum", "Post")
    batch = []
    posts = Post.objects.select_related("topic").only(
        "pk", "body", "topic__title", "topic__opening_post_id"
    )
    for post in posts.iterator(chunk_size=BATCH):
        is_opening = post.topic.opening_post_id == post.pk
        scored = risk_fields(body=post.body, title=post.topic.title if is_opening else None)
        post.risk_score, post.risk_signals = scored["risk_score"], scored["risk_signals"]
        batch.append(post)
        if len(batch) >= BATCH:
            Post.objects.bulk_update(batch, ["risk_score", "risk_signals"])
            batch = []
    if batch:
        Post.objects.bulk_update(batch, ["risk_score", "risk_signals"])


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0006_moderation_console"),
    ]

    operations = [
        migrations.RunPython(score_posts, migrations.RunPython.noop),
    ]
