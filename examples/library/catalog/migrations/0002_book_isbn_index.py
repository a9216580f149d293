from django.db import migrations, models


def fill_subtitles(apps, schema_editor):
    Book = apps.get_model("catalog", "Book")
    Book.objects.filter(subtitle__isnull=True).update(subtitle="")


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        # Builds the index under a lock that blocks writes to catalog_book.
        migrations.AddIndex(
            model_name="book",
            index=models.Index(fields=["isbn"], name="catalog_book_isbn_idx"),
        ),
        migrations.AddField(
            model_name="book",
            name="subtitle",
            field=models.CharField(max_length=200, null=True),
        ),
        # No reverse_code: the whole migration cannot be unapplied.
        migrations.RunPython(fill_subtitles),
    ]
