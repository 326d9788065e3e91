"""Recording changes and return reminders move from the oversight app to metrics (returns).

State only: the tables keep their names (oversight_recordingchange, oversight_returnreminder)
and their rows; oversight 0003 removes the models from its own state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('forces', '0003_compute_similar_forces'),
        ('oversight', '0002_flags'),
        ('metrics', '0004_observation_page_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='RecordingChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dataset', models.CharField(choices=[('street_crime', 'Street-level crime and anti-social behaviour'), ('recorded_crime', 'Police recorded crime'), ('emergency_calls', '999 calls'), ('incident_response', 'Incident response'), ('workforce', 'Workforce and officer time'), ('misconduct_cases', 'Misconduct cases'), ('vetting_decisions', 'Vetting decisions')], max_length=32)),
                ('effective_from', models.DateField(help_text='First day of the month the change takes effect')),
                ('description', models.TextField()),
                ('declared_at', models.DateTimeField(auto_now_add=True)),
                ('declared_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('force', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='recording_changes', to='forces.force')),
            ],
            options={
                'db_table': 'oversight_recordingchange',
                'ordering': ['-effective_from', '-declared_at', '-id'],
                'indexes': [models.Index(fields=['force', 'dataset', 'effective_from'], name='oversight_r_force_i_7a72e8_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('effective_from__day', 1)), name='recording_change_from_first_of_month', violation_error_message='A recording change takes effect from the first day of a month.')],
            },
        ),
        migrations.CreateModel(
            name='ReturnReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dataset', models.CharField(choices=[('street_crime', 'Street-level crime and anti-social behaviour'), ('recorded_crime', 'Police recorded crime'), ('emergency_calls', '999 calls'), ('incident_response', 'Incident response'), ('workforce', 'Workforce and officer time'), ('misconduct_cases', 'Misconduct cases'), ('vetting_decisions', 'Vetting decisions')], max_length=32)),
                ('period', models.DateField(help_text='First day of the month the return covers')),
                ('kind', models.CharField(choices=[('before', 'Before the due date'), ('after', 'After the due date')], max_length=8)),
                ('status', models.CharField(help_text="The return's status when reminded", max_length=16)),
                ('recipients', models.JSONField(default=list)),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('force', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='forces.force')),
            ],
            options={
                'db_table': 'oversight_returnreminder',
                'ordering': ['-sent_at', '-id'],
                'constraints': [models.UniqueConstraint(fields=('force', 'dataset', 'period', 'kind'), name='one_reminder_of_each_kind')],
            },
        ),
            ],
        )
    ]
