from forum.models import Post
from forum.tests.factories import make_question


def test_pending_question_is_hidden_from_other_members(client, member, other_member):
    topic = make_question(author=member, state=Post.State.PENDING)
    client.force_login(other_member)
    assert client.get(topic.get_absolute_url()).status_code == 404
