"""
Comments under blog posts: the reader's form, moderation, reply
notifications and the spam checks. The models are in blog.models.comments.
"""
