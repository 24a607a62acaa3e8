@echo off
REM Map department shares and refresh the reporting snapshot.
REM Runs as a scheduled task on RPT-APP-03.

net use R: /delete /y >nul 2>&1
net use R: \\FS-02\Reporting /user:CONTOSO\svc-reporting 8=j+cZ-TdS8ndrsl /persistent:no
if errorlevel 1 (
  echo Failed to map R: >> C:\Logs\map-drives.log
  exit /b 1
)

sqlcmd -S SQL-RPT-01\REPORTING -U rpt_refresh -P CBJHAZsfNutNBpLzu7 -d ReportingDW -i "R:\refresh\snapshot.sql" -o C:\Logs\snapshot.log

exit /b 0
