"""Recording changes and return reminders now belong to metrics (metrics 0005 takes them into
its state). State only: the tables and their rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0002_flags"),
        ("metrics", "0005_move_recording_changes_and_reminders"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="RecordingChange"),
                migrations.DeleteModel(name="ReturnReminder"),
            ],
        )
    ]
