# The counters of the platform's rate limiter (ople.core.limiter) when Redis is not configured.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0003_sin_indices_like")]

    operations = [
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                ("name", models.CharField(max_length=80, primary_key=True, serialize=False)),
                ("hits", models.IntegerField(default=0)),
                ("expires_at", models.FloatField()),
            ],
            options={
                "verbose_name": "contador de límite",
                "verbose_name_plural": "contadores de límites",
            },
        ),
    ]
