app_name = "consolidation"

urlpatterns: list = []
