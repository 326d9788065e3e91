"""Recording changes become requests: a status and the review. Changes declared before this
migration were never reviewed, so they start as pending and rebase no limits until accepted."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('metrics', '0005_move_recording_changes_and_reminders'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='recordingchange',
            name='review_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='recordingchange',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='recordingchange',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='recordingchange',
            name='status',
            field=models.CharField(choices=[('pending', 'Awaiting review'), ('accepted', 'Accepted'), ('refused', 'Refused')], default='pending', max_length=16),
        ),
    ]
