app_name = "publications"

urlpatterns: list = []
