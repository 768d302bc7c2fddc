(function(){
var panel=document.getElementById('panel');if(!panel)return;var pinned=null;
function show(el){var card=document.getElementById('card-'+el.id);if(!card)return;
panel.innerHTML=card.innerHTML;panel.hidden=false;var r=el.getBoundingClientRect();
var left=Math.max(8,Math.min(r.left+window.scrollX,window.scrollX+document.documentElement.clientWidth-panel.offsetWidth-8));
panel.style.left=left+'px';panel.style.top=(r.bottom+window.scrollY+6)+'px';panel.dataset.for=el.id;}
function hide(){if(!pinned)panel.hidden=true;}
function claimOf(t){return t&&t.closest?t.closest('.claim'):null;}
document.addEventListener('mouseover',function(e){var c=claimOf(e.target);if(c){if(!pinned)show(c);}
else if(!panel.contains(e.target)){hide();}});
document.addEventListener('click',function(e){if(e.target.closest('a'))return;var c=claimOf(e.target);
if(c){pinned=(pinned===c)?null:c;show(c);e.preventDefault();}else if(!panel.contains(e.target)){pinned=null;panel.hidden=true;}});
document.addEventListener('focusin',function(e){var c=claimOf(e.target);if(c)show(c);});
document.addEventListener('keydown',function(e){var c=claimOf(e.target);
if(e.key==='Escape'){pinned=null;panel.hidden=true;}
else if(c&&(e.key==='Enter'||e.key===' ')){pinned=c;show(c);e.preventDefault();}});
if(location.hash){var t=document.getElementById(location.hash.slice(1));
if(t&&t.classList.contains('claim')){pinned=t;show(t);t.focus();}}
})();
